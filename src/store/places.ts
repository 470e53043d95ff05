/**
 * The admin filters' bridge to the place knowledge: "Idlib", "Latakia", "Rif Dimashq" → the OCHA
 * spelling the events carry ("Idleb", "Lattakia", "Rural Damascus"), through `admin1Of` of
 * src/knowledge/places.ts (loaded lazily, like the actor bridge). An unknown name is kept as given.
 */
type Resolver = (name: string) => string | undefined;
let resolver: Promise<Resolver | null> | null = null;

async function loadResolver(): Promise<Resolver | null> {
  const specifier = '../knowledge/places.js';
  try {
    const mod = (await import(specifier)) as { admin1Of?: Resolver };
    return typeof mod.admin1Of === 'function' ? mod.admin1Of : null;
  } catch {
    return null;
  }
}

export async function resolveAdmin1(text: string): Promise<string> {
  resolver ??= loadResolver();
  const r = await resolver;
  try {
    return (r && r(text)) || text;
  } catch {
    return text;
  }
}
