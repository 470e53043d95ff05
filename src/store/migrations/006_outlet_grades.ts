// 006: outlets start with the default grades of data/outlets.json; an outlet already graded keeps its grade.
// (The store recomputes the credibility of the events those outlets carry right after: see KyselyStore.migrate.)
import type { Kysely } from 'kysely';
import { defaultGrades } from '../outlets.js';

export const OUTLET_GRADES_MIGRATION = '006_outlet_grades';

export function outletGrades() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const now = new Date().toISOString();
      const rows = [...defaultGrades()].map(([name, grade]) => ({ name, grade, updated_at: now }));
      for (let i = 0; i < rows.length; i += 200)
        await db
          .insertInto('outlets')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.column('name').doUpdateSet({ grade: (eb: any) => eb.ref('excluded.grade') }).where('outlets.grade', 'is', null))
          .execute();
    },
  };
}
