/**
 * The newest job number seen per spider (job numbers count up per project and spider), so that a
 * "job not found" above it, a job that may be created any moment, is cached only briefly.
 */
export class NewestJobs {
  readonly #newest = new Map<string, number>()

  constructor(readonly maxSpiders = 10_000) {}

  /** Number of spiders remembered. */
  get size(): number {
    return this.#newest.size
  }

  /** Notes that job `project/spider/job` exists. */
  note(project: number, spider: number, job: number): void {
    const id = `${project}/${spider}`
    const known = this.#newest.get(id)
    if (known !== undefined && known >= job) return
    this.#newest.delete(id)
    this.#newest.set(id, job)
    if (this.#newest.size > this.maxSpiders) {
      const oldest = this.#newest.keys().next()
      if (!oldest.done) this.#newest.delete(oldest.value)
    }
  }

  /** Notes a job key "P/S/J" (from a JobQ row); anything else is ignored. */
  noteKey(key: unknown): void {
    if (typeof key !== 'string') return
    const m = /^(\d{1,10})\/(\d{1,10})\/(\d{1,10})$/.exec(key)
    if (m) this.note(Number(m[1]), Number(m[2]), Number(m[3]))
  }

  /** Whether job is numbered above the newest job seen for its spider (true when none was seen). */
  isAbove(project: number, spider: number, job: number): boolean {
    const known = this.#newest.get(`${project}/${spider}`)
    return known === undefined || job > known
  }
}
