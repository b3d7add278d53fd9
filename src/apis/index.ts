import type { EmulatedApi } from '../core/api.js';
import { kangarooApi } from './kangaroo/index.js';
import { rulrrApi } from './rulrr/index.js';
import { wllApi } from './wll/index.js';

/** Every emulated API the sandbox serves, in the order they register. */
export const APIS: EmulatedApi[] = [rulrrApi, wllApi, kangarooApi];
