/**
 * One value per process, even when a module is loaded twice (the start script and the Remix server bundle both
 * import the database module; two PGlite instances on one folder would corrupt it).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>
  const key = Symbol.for(`convene.${name}`)
  store[key] ??= create()
  return store[key]
}
