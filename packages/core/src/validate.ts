import { z } from 'zod'

/** Pretty-print zod issues (paths with slashes in them, as scrapystats names have, are quoted). */
export function prettifyIssues(error: z.ZodError): string {
  return z.prettifyError(error)
}
