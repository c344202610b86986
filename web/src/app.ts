import { api } from "./api.js";
import { corpusPage } from "./corpus.js";
import { h, mount } from "./dom.js";
import { addPage, articlePage, articlesPage, forecastsPage, searchPage, storiesPage, storyPage } from "./pages.js";

/**
 * Hash routes (#/article/ID?at=123) keep the server a plain static host: any URL of the UI is
 * index.html, and links into it can be bookmarked.
 */
const main = document.getElementById("main")!;
let hasStore = true;

async function route(): Promise<void> {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll("nav.top a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === `#/${parts[0] ?? "articles"}`));
  document.title = "newsprism";
  main.setAttribute("aria-busy", "true");
  window.scrollTo(0, 0);
  try {
    if (!hasStore && parts[0] !== "add") return addPage(main, false);
    switch (parts[0]) {
      case undefined:
      case "articles":
        return await articlesPage(main, params);
      case "article":
        return await articlePage(main, parts.slice(1).join("/"), params);
      case "search":
        return await searchPage(main, params);
      case "corpus":
        return await corpusPage(main, params);
      case "stories":
        return await storiesPage(main, params);
      case "story":
        return await storyPage(main, Number(parts[1]));
      case "forecasts":
        return await forecastsPage(main, params);
      case "add":
        return addPage(main, hasStore);
      default:
        mount(main, h("p", { class: "error" }, `No page ${path}.`));
    }
  } catch (err) {
    mount(main, h("div", { class: "error" }, h("strong", {}, "Could not load this page: "), (err as Error).message));
  } finally {
    main.removeAttribute("aria-busy");
  }
}

async function start(): Promise<void> {
  try {
    hasStore = (await api.health()).store;
  } catch {
    // Without /api/health the routes will show their own errors.
  }
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();
