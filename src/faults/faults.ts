import { randomInt } from 'node:crypto';
import { writeTransaction, type Database } from '../db/database.js';
import { FixtureError, readFixtureList } from '../fixtures/read-fixture.js';
import { compilePathPattern, type PathMatcher } from '../lib/path-pattern.js';
import { drawAt, MAX_SEED } from '../lib/seeded-random.js';
import type { WorkspaceSeeder } from '../workspaces/workspace-service.js';
import { faultDefinition, type FaultDefinition, type FaultView } from './fault-schemas.js';
import { FaultTable } from './fault-table.js';

/** What a call that a fault hit gets. */
export interface FaultDecision {
  id: number;
  kind: 'status' | 'delay' | 'drop' | 'malformed';
  status: number | null;
  delayMs: number;
}

export interface Call {
  api: string;
  method: string;
  /** The path as received: API prefix included, no query. */
  path: string;
}

/** Compiled path patterns, by pattern; cleared past this many (patterns are few in practice). */
const MATCHER_CACHE_SIZE = 1_000;

/**
 * Fault injection (CONTRACT §6). Faults live in the database, so every process sharing the file
 * applies them; each matching call draws the next number of the fault's seeded sequence and takes
 * one of its `times` in the same transaction, so the sequence and the count are shared by all of
 * those processes — `times: 3` means three hits in all, not three per process.
 */
export class Faults {
  private readonly matchers = new Map<string, PathMatcher>();

  constructor(
    private readonly db: Database,
    private readonly table: FaultTable,
  ) {}

  /** The first fault, oldest first, that matches the call and whose draw hits; undefined when none. */
  decide(workspaceId: string, call: Call): FaultDecision | undefined {
    // A read with no write: the usual answer on every call when a workspace has no faults.
    const candidates = this.table.active(workspaceId).filter((fault) => this.matches(fault, call));
    if (candidates.length === 0) return undefined;
    return writeTransaction(this.db, () => {
      for (const fault of candidates) {
        const index = this.table.draw(fault.id);
        if (index === undefined) continue;
        const hit = fault.probability >= 1 || drawAt(fault.seed, index) < fault.probability;
        if (hit && this.table.hit(fault.id)) return decisionOf(fault);
      }
      return undefined;
    });
  }

  create(workspaceId: string, definition: FaultDefinition, now: Date): FaultView {
    const id = this.table.insert(workspaceId, withSeed(definition), 'admin', now);
    return this.table.list(workspaceId).find((fault) => fault.id === id)!;
  }

  list(workspaceId: string): FaultView[] {
    return this.table.list(workspaceId);
  }

  clear(workspaceId: string): number {
    return this.table.deleteAll(workspaceId);
  }

  delete(workspaceId: string, id: number): boolean {
    return this.table.deleteOne(workspaceId, id);
  }

  private matches(fault: FaultView, call: Call): boolean {
    if (fault.api !== null && fault.api !== call.api) return false;
    if (fault.method !== null && fault.method !== call.method) return false;
    return fault.path === null || this.matcher(fault.path)(call.path);
  }

  private matcher(pattern: string): PathMatcher {
    let matcher = this.matchers.get(pattern);
    if (!matcher) {
      if (this.matchers.size >= MATCHER_CACHE_SIZE) this.matchers.clear();
      matcher = compilePathPattern(pattern);
      this.matchers.set(pattern, matcher);
    }
    return matcher;
  }
}

function decisionOf(fault: FaultView): FaultDecision {
  const kind = fault.status !== null ? 'status' : fault.drop ? 'drop' : fault.malformed ? 'malformed' : 'delay';
  return { id: fault.id, kind, status: fault.status, delayMs: fault.delayMs };
}

/** A fault given without a seed gets one, shown in the listing, so a run can be repeated. */
function withSeed(definition: FaultDefinition): FaultDefinition & { seed: number } {
  return { ...definition, seed: definition.seed ?? randomInt(0, MAX_SEED) };
}

/**
 * fixtures/faults.json: faults every new workspace starts with (and a reset brings back), for
 * scenario runs against a fixtures folder of their own. Optional; the shipped fixtures have none.
 */
export function faultFixtures(fixturesDir: string, apiNames: string[]): WorkspaceSeeder {
  const definitions = readFixtureList(fixturesDir, 'faults.json', faultDefinition);
  const unknown = definitions.find((definition) => definition.api !== undefined && !apiNames.includes(definition.api));
  if (unknown) throw new FixtureError(`fixture faults.json names the API "${unknown.api}"; this sandbox serves ${apiNames.join(', ')}`);
  return {
    name: 'faults',
    seed(db, workspaceId, now) {
      const table = new FaultTable(db);
      for (const definition of definitions) table.insert(workspaceId, withSeed(definition), 'fixtures', now);
      return { faults: definitions.length };
    },
  };
}
