import { PostgresQueryCompiler, type CompiledQuery, type KyselyPlugin } from 'kysely'
import { vi } from 'vitest'

/**
 * Records every statement the app sends while `record` runs, by installing a pass-through Kysely plugin on the
 * app's real database handle (the queries still run on the test database, unchanged). The app keeps one handle
 * per process (app/utils/singleton.server.ts): the setup file created it; here it is replaced by the same handle
 * with the plugin (same connections), and the module registry is reset, so the app modules this returns are
 * loaded afresh and bind to it. Import the app's modules through `load`, never statically, in such a test file.
 * BEGIN and COMMIT are not queries Kysely builds, so they are not recorded (every transaction has one of each).
 */
export async function installQueryRecorder<T>(load: () => Promise<T>) {
  const { db } = await import('~/utils/db.server')
  const compiler = new PostgresQueryCompiler()
  let statements: CompiledQuery[] | null = null
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      statements?.push(compiler.compileQuery(node, queryId))
      return node
    },
    transformResult: async ({ result }) => result,
  }
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('convene.db')] = db.withPlugin(plugin)
  vi.resetModules()
  const modules = await load()
  return {
    modules,
    /** The statements `run` sent, in order. */
    async record(run: () => Promise<unknown>): Promise<CompiledQuery[]> {
      statements = []
      try {
        await run()
        return statements
      } finally {
        statements = null
      }
    },
  }
}
