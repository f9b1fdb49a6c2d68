import { describe, expect, it } from 'vitest'
import { parse as yaml } from 'yaml'
import { mergeShubFiles, parseShubFile, ShubConfigError } from './scrapinghub-yml.ts'

const parse = (text: string) => parseShubFile('/x/scrapinghub.yml', text, yaml)

describe('parseShubFile', () => {
  it('reads the file shub writes', () => {
    const f = parse(
      [
        '# written by shub',
        'projects:',
        '  default: 12345',
        '  prod: 33333 # production',
        '  staging: "44444"',
        '  vagrant: vagrant/55555',
        'apikeys:',
        '  default: 0bbf4f0f691e0d9378ae00ca7bcf7f0c',
        '  vagrant: "vkey"',
        'requirements:',
        '  file: requirements.txt',
        'stacks:',
        '  default: scrapy:2.11',
      ].join('\n'),
    )
    expect(f.projects).toEqual({
      default: { project: 12345 },
      prod: { project: 33333 },
      staging: { project: 44444 },
      vagrant: { project: 55555, apikey: 'vagrant' },
    })
    expect(f.apikeys).toEqual({ default: '0bbf4f0f691e0d9378ae00ca7bcf7f0c', vagrant: 'vkey' })
  })

  it('reads {id: N, apikey: NAME} in block and flow form, flow maps at the top, and the shortcuts', () => {
    const block = parse(
      'projects:\n  default:\n    id: 7\n    stack: scrapy:2.11\n  prod:\n    id: 8\n    apikey: other\n',
    )
    expect(block.projects).toEqual({
      default: { project: 7 },
      prod: { project: 8, apikey: 'other' },
    })
    const flow = parse(
      'projects: {default: {id: 1}, prod: {id: 2, apikey: other}}\napikeys: {default: k1, other: k2}\n',
    )
    expect(flow.projects).toEqual({
      default: { project: 1 },
      prod: { project: 2, apikey: 'other' },
    })
    expect(flow.apikeys).toEqual({ default: 'k1', other: 'k2' })
    expect(parse('project: 99\napikey: kk\n')).toMatchObject({
      projects: { default: { project: 99 } },
      apikeys: { default: 'kk' },
    })
    // anchors and aliases are YAML too
    expect(parse('base: &b {id: 5}\nprojects:\n  default: *b\n').projects.default).toEqual({
      project: 5,
    })
  })

  it('returns nothing for an empty or unrelated file', () => {
    expect(parse('')).toMatchObject({ projects: {}, apikeys: {} })
    expect(parse('version: 1\nimage: true\n')).toMatchObject({ projects: {}, apikeys: {} })
  })

  it.each([
    ['projects: [1, 2]', /projects: expected a mapping/],
    ['projects:\n  default: abc', /projects: default: expected a project id/],
    ['projects:\n  default: {id: -1}', /expected a project id/],
    ['- a\n- b', /expected a mapping at the top level/],
    ['projects:\n  default: 1\n bad: [', /not valid YAML/],
  ])('names the file and the problem in %j', (text, message) => {
    expect(() => parse(text)).toThrow(ShubConfigError)
    expect(() => parse(text)).toThrow(message)
    expect(() => parse(text)).toThrow(/^\/x\/scrapinghub.yml: /)
  })
})

describe('mergeShubFiles', () => {
  it('lets later files override earlier ones name by name, and says where each came from', () => {
    const global = parseShubFile(
      '/h/.scrapinghub.yml',
      'apikeys: {default: g}\nprojects: {default: 1, prod: 2}',
      yaml,
    )
    const local = parseShubFile('/w/scrapinghub.yml', 'projects: {default: 3}', yaml)
    const m = mergeShubFiles([global, local])
    expect(m.projects.default).toEqual({
      value: { project: 3 },
      source: 'projects.default in /w/scrapinghub.yml',
    })
    expect(m.projects.prod?.value.project).toBe(2)
    expect(m.apikeys.default).toEqual({
      value: 'g',
      source: 'apikeys.default in /h/.scrapinghub.yml',
    })
    expect(m.files).toEqual(['/h/.scrapinghub.yml', '/w/scrapinghub.yml'])
  })
})
