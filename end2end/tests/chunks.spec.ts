import { expect, test, type APIRequestContext } from "@playwright/test";

// Every page but home is a lazy route whose code comes in chunks. The server names them in the
// page's head, so the browser fetches them beside the bundle rather than after it hydrated.

/** The WebAssembly files the page at `path` has the browser preload. */
async function preloadedWasm(request: APIRequestContext, path: string) {
  const html = await (await request.get(path)).text();
  return [...html.matchAll(/<link [^>]*href="([^"]+\.wasm)"[^>]*>/g)]
    .filter(([link]) => /rel="preload"/.test(link))
    .map(([, href]) => href);
}

test("a lazy page preloads its chunks, the home page only the bundle", async ({ request }) => {
  expect(await preloadedWasm(request, "/")).toEqual(["/pkg/verigate.wasm"]);

  const signIn = await preloadedWasm(request, "/sign-in");
  const chunks = signIn.filter((href) => href !== "/pkg/verigate.wasm");
  expect(chunks.length).toBeGreaterThan(0);
  for (const href of chunks) {
    expect((await request.get(href)).status(), href).toBe(200);
  }
});
