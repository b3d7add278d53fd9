import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FixtureError } from '../../../fixtures/read-fixture.js';
import { readJsonFixture } from '../fixture-file.js';
import type { ParsedReceiptFields } from '../schemas/receipts.js';
import { parseFixture, resolveParseFixture, type ParseFixture } from './parse-fixture.js';

/*
 * The sandbox's stand-in for WLL's OCR (CONTRACT §5): a default-mode claim's picture is "parsed"
 * by its URL. https://receipts.sandbox.test/<name>.jpg reads fixtures/wll/parser/<name>.json;
 * any other URL is a picture nobody can read. The real service downloads and OCRs the image.
 */

export const PICTURE_HOST = 'receipts.sandbox.test';
export const PARSER_FIXTURES_DIR = 'wll/parser';

const MAX_URL_LENGTH = 2048;
const PICTURE_PATH = /^\/([a-z0-9-]{1,64})\.jpg$/;
const FIXTURE_FILE = /^([a-z0-9-]{1,64})\.json$/;

/** What a picture that cannot be read parses as: nothing but a zero confidence (→ INSUFFICIENT_DATA). */
export const UNREADABLE: ParsedReceiptFields = Object.freeze({ ocrConfidence: 0, lineItems: [] });

/**
 * The fixture name a picture URL points at, or undefined. Only https, the sandbox host with no
 * port or credentials, and a path of exactly `/<[a-z0-9-]{1,64}>.jpg`: the name can never reach
 * outside the fixtures (it only keys an in-memory map). The query and fragment are ignored, as
 * an image host would.
 */
export function pictureNameOf(pictureUrl: string): string | undefined {
  if (pictureUrl.length > MAX_URL_LENGTH || !URL.canParse(pictureUrl)) return undefined;
  const url = new URL(pictureUrl);
  if (url.protocol !== 'https:' || url.hostname !== PICTURE_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return undefined;
  }
  return PICTURE_PATH.exec(url.pathname)?.[1];
}

/** Reads and validates every `<name>.json` of a folder; a missing folder has none. Startup only. */
export function readParseFixtures(dir: string): Map<string, ParseFixture> {
  const fixtures = new Map<string, ParseFixture>();
  if (!existsSync(dir)) return fixtures;
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const name = FIXTURE_FILE.exec(file)?.[1];
    if (!name) throw new FixtureError(`fixture ${join(dir, file)}: a parse result's name must be 1–64 of a-z, 0-9 and -`);
    fixtures.set(name, readJsonFixture(join(dir, file), parseFixture));
  }
  return fixtures;
}

export class PictureParser {
  constructor(private readonly fixtures: ReadonlyMap<string, ParseFixture>) {}

  /** Loads `<fixturesDir>/wll/parser/*.json` once; parsing never touches the disk. */
  static load(fixturesDir: string): PictureParser {
    return new PictureParser(readParseFixtures(join(fixturesDir, PARSER_FIXTURES_DIR)));
  }

  /** The picture names it can read, for the README and the dashboard. */
  names(): string[] {
    return [...this.fixtures.keys()];
  }

  /** The parse result of a picture, its relative date resolved at `now` in the tenant's timezone. */
  parse(pictureUrl: string, now: Date, timeZone: string): ParsedReceiptFields {
    const name = pictureNameOf(pictureUrl);
    const fixture = name === undefined ? undefined : this.fixtures.get(name);
    return fixture ? resolveParseFixture(fixture, now, timeZone) : { ...UNREADABLE, lineItems: [] };
  }
}
