// Text panels (and panels Kibana cannot show) are by-value markdown visualizations
// (embeddableConfig.savedVis), as in the falco and system integration exports.

import type { GridData } from './grid.js';

export function markdownPanel(panelIndex: string, grid: GridData, title: string, markdown: string, description?: string): object {
  return {
    type: 'visualization',
    panelIndex,
    gridData: grid,
    ...(title ? { title } : {}),
    embeddableConfig: {
      enhancements: {},
      hidePanelTitles: title === '',
      ...(description ? { description } : {}),
      savedVis: {
        title,
        description: '',
        type: 'markdown',
        params: { markdown, fontSize: 12, openLinksInNewTab: false },
        uiState: {},
        data: { aggs: [], searchSource: { query: { query: '', language: 'kuery' }, filter: [] } },
      },
    },
  };
}
