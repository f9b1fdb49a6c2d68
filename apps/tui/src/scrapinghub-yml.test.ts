import { describe, expect, it } from 'vitest'
import { parseYamlSubset, settingsFromYaml } from './scrapinghub-yml.ts'

describe('parseYamlSubset', () => {
  it('reads the file shub writes', () => {
    const doc = parseYamlSubset(
      [
        '# written by shub',
        'apikeys:',
        '  default: 0bbf4f0f691e0d9378ae00ca7bcf7f0c  # my key',
        'projects:',
        '  default: 12345',
        "  prod: 'other/33333'",
        'requirements:',
        '  file: requirements.txt',
      ].join('\n'),
    )
    expect(doc).toEqual({
      apikeys: { default: '0bbf4f0f691e0d9378ae00ca7bcf7f0c' },
      projects: { default: 12345, prod: 'other/33333' },
      requirements: { file: 'requirements.txt' },
    })
  })

  it('skips lists and flow values instead of misreading them', () => {
    const doc = parseYamlSubset('stacks:\n  - a: 1\n  - b\nimage: [1, 2]\nkey: "a # not comment"\n')
    expect(doc).toEqual({ stacks: {}, key: 'a # not comment' })
  })
})

describe('settingsFromYaml', () => {
  it('takes the default key and project', () => {
    const s = settingsFromYaml(
      parseYamlSubset('apikeys:\n  default: abc\nprojects:\n  default: 42\n'),
    )
    expect(s).toEqual({ apikey: 'abc', project: '42' })
  })

  it('accepts projects.default.id and the project: shorthand', () => {
    expect(settingsFromYaml(parseYamlSubset('projects:\n  default:\n    id: 7\n'))).toEqual({
      project: '7',
    })
    expect(settingsFromYaml(parseYamlSubset('project: 9\n'))).toEqual({ project: '9' })
  })

  it('returns nothing for an unrelated file', () => {
    expect(settingsFromYaml(parseYamlSubset('foo: bar\n'))).toEqual({})
  })
})
