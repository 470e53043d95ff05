/**
 * The actor filter's bridge to the actor knowledge: any alias → its canonical name, through
 * `resolveActorAlias` of src/knowledge/actors.ts when that module is present (loaded lazily, so the
 * store works before or without it). Without a canonical name the filter matches the text itself.
 */
type Resolver = (name: string) => string | null;
let resolver: Promise<Resolver | null> | null = null;

async function loadResolver(): Promise<Resolver | null> {
  const specifier = '../knowledge/actors.js';
  try {
    const mod = (await import(specifier)) as { resolveActorAlias?: Resolver };
    return typeof mod.resolveActorAlias === 'function' ? mod.resolveActorAlias : null;
  } catch {
    return null;
  }
}

export async function resolveActor(text: string): Promise<{ text: string; canonical: string | null }> {
  resolver ??= loadResolver();
  const r = await resolver;
  let canonical: string | null = null;
  if (r) {
    try {
      canonical = r(text) ?? null;
    } catch {
      canonical = null;
    }
  }
  return { text, canonical };
}
