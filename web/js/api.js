// JSON endpoints of bot/webapp.py. Errors carry the server's message.

// An answer the server wrote into the page (its first data: bot/webapp.py, first_data), used once:
// later requests for the same address go to the server.
export function inlined(url) {
  const block = [...document.querySelectorAll('script[type="application/json"][data-address]')].find(
    (node) => node.dataset.address === url,
  );
  if (!block) return undefined;
  block.remove();
  return JSON.parse(block.textContent);
}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== "" && value != null));
  const url = query.toString() ? `${path}?${query}` : path;
  const written = inlined(url);
  if (written !== undefined) return written;
  const response = await fetch(url);
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}
