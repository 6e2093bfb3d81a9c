import type { TargetMeta } from '../target.js';

export const sumologicMeta: TargetMeta = { name: 'sumologic', title: 'Sumo Logic' };
