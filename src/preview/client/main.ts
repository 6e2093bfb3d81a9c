/// <reference lib="dom" />
// The preview page script (bundled by esbuild into assets/preview.js).

import { startDashboard } from './dashboard.js';
import { listenForReloads } from './reload.js';

if (document.body.dataset.live === 'true') listenForReloads();
if (document.body.classList.contains('dashboard')) startDashboard();
