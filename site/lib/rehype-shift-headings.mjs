// Markdown from the co-op (charter, decisions, pages) is shown under the page's own <h1>:
// shift its headings one level down (h1→h2 … h5→h6), so every page has a single h1.
export default function rehypeShiftHeadings() {
  const shift = (node) => {
    if (node.type === 'element' && /^h[1-5]$/.test(node.tagName)) node.tagName = `h${Number(node.tagName[1]) + 1}`;
    for (const child of node.children ?? []) shift(child);
  };
  return (tree) => shift(tree);
}
