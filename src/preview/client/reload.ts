/// <reference lib="dom" />
// Live reload: the server announces each new snapshot of the definitions and events on
// /events (Server-Sent Events); a page built from an older one reloads itself, keeping its
// address (and so the time range and variables chosen).

export function listenForReloads(): void {
  const shown = document.body.dataset.generation;
  const source = new EventSource('/events');
  source.addEventListener('snapshot', (e) => {
    if ((e as MessageEvent<string>).data !== shown) {
      source.close();
      location.reload();
    }
  });
}
