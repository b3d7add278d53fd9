import type { Database } from '../../../db/database.js';

export interface Venue {
  id: string;
  name: string;
  locationIdentifiers: string[];
}

interface VenueRow {
  id: string;
  name: string;
  locationIdentifiers: string;
}

/** wll_venues and wll_venue_locations: the venues `venueMatches` checks a receipt's location against. */
export class VenueRepository {
  private readonly insertStmt;
  private readonly insertLocationStmt;
  private readonly deleteStmt;
  private readonly venueForStmt;
  private readonly listStmt;
  private readonly findStmt;

  constructor(db: Database) {
    this.insertStmt = db.prepare<[string, string, string]>('INSERT INTO wll_venues (workspace_id, id, name) VALUES (?, ?, ?)');
    this.insertLocationStmt = db.prepare<[string, string, string]>(
      'INSERT INTO wll_venue_locations (workspace_id, venue_id, location_identifier) VALUES (?, ?, ?)',
    );
    this.deleteStmt = db.prepare<[string, string]>('DELETE FROM wll_venues WHERE workspace_id = ? AND id = ?');
    this.venueForStmt = db
      .prepare<[string, string], string>(
        'SELECT venue_id FROM wll_venue_locations WHERE workspace_id = ? AND location_identifier = ? ORDER BY venue_id LIMIT 1',
      )
      .pluck();
    const select = `SELECT v.id, v.name,
         (SELECT json_group_array(location_identifier) FROM
            (SELECT location_identifier FROM wll_venue_locations l
             WHERE l.workspace_id = v.workspace_id AND l.venue_id = v.id ORDER BY location_identifier)) AS locationIdentifiers
       FROM wll_venues v`;
    this.listStmt = db.prepare<[string], VenueRow>(`${select} WHERE v.workspace_id = ? ORDER BY v.name, v.id`);
    this.findStmt = db.prepare<[string, string], VenueRow>(`${select} WHERE v.workspace_id = ? AND v.id = ?`);
  }

  insert(workspaceId: string, venue: Venue): void {
    this.insertStmt.run(workspaceId, venue.id, venue.name);
    for (const location of venue.locationIdentifiers) this.insertLocationStmt.run(workspaceId, venue.id, location);
  }

  delete(workspaceId: string, venueId: string): boolean {
    return this.deleteStmt.run(workspaceId, venueId).changes === 1;
  }

  /** The venue a receipt's locationIdentifier belongs to, if any. */
  venueIdFor(workspaceId: string, locationIdentifier: string): string | undefined {
    return this.venueForStmt.get(workspaceId, locationIdentifier);
  }

  find(workspaceId: string, venueId: string): Venue | undefined {
    const row = this.findStmt.get(workspaceId, venueId);
    return row && toVenue(row);
  }

  list(workspaceId: string): Venue[] {
    return this.listStmt.all(workspaceId).map(toVenue);
  }
}

function toVenue(row: VenueRow): Venue {
  return { id: row.id, name: row.name, locationIdentifiers: JSON.parse(row.locationIdentifiers) as string[] };
}
