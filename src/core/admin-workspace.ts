import { z } from 'zod';
import { DEMO_WORKSPACE, WORKSPACE_ID_PATTERN } from '../workspaces/workspace-ids.js';

/**
 * `?workspace=<id>`: which workspace an admin call reads or changes (CONTRACT §6), `demo` when
 * left out. The admin plugin answers 404 for a workspace that does not exist before any route runs.
 */
export const workspaceQuery = z.object({
  workspace: z
    .string()
    .regex(WORKSPACE_ID_PATTERN, 'must be "demo" or a workspace id such as ws0123456789')
    .default(DEMO_WORKSPACE)
    .describe('The workspace (default `demo`).'),
});
