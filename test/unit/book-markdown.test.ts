import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMarkdown } from "../../book/markdown.js";

/** The TeX sources KaTeX embedded in its MathML annotations, in order. */
const annotations = (html: string) =>
  [...html.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map((m) => m[1]);

describe("book markdown", () => {
  it("renders CommonMark with tables, as markdown-it does", () => {
    const html = createMarkdown().render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**bold** and `code`");
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<table>[\s\S]*<td>1<\/td>[\s\S]*<\/table>/);
    assert.match(html, /<strong>bold<\/strong> and <code>code<\/code>/);
  });

  it("typesets $…$ inline with KaTeX, underscores staying maths rather than emphasis", () => {
    const html = createMarkdown().render("pieces $a_1 + b_1 = 2^D$ here, and _this_ is emphasis");
    assert.deepEqual(annotations(html), ["a_1 + b_1 = 2^D"]);
    assert.match(html, /<span class="katex">/);
    assert.doesNotMatch(html, /<em>1 \+ b<\/em>/);
    assert.match(html, /<em>this<\/em>/);
    assert.doesNotMatch(html, /katex-display/);
  });

  it("typesets $$…$$ on its own lines, and inside a paragraph, in display mode", () => {
    const block = createMarkdown().render("Before\n\n$$\n\\kappa(f) \\le \\prod_{d=1}^{D} (W_d + 1)\n$$\n\nAfter");
    assert.deepEqual(annotations(block), ["\\kappa(f) \\le \\prod_{d=1}^{D} (W_d + 1)"]);
    assert.match(block, /<div class="math-block"><span class="katex-display">/);
    assert.match(block, /<p>After<\/p>/);
    const inline = createMarkdown().render("so $$x^2$$ is shown");
    assert.match(inline, /<p>so <span class="katex-display">/);
  });

  it("leaves prices and escaped dollars as text (Pandoc's rules)", () => {
    const md = createMarkdown();
    assert.equal(md.render("costs $5 and $6 today"), "<p>costs $5 and $6 today</p>\n");
    assert.equal(md.render("a \\$ sign, $ x $ not maths"), "<p>a $ sign, $ x $ not maths</p>\n");
  });

  it("does not look for maths inside code", () => {
    const html = createMarkdown().render("`const s = $x$;`\n\n```ts\nconst price = `$${p}`;\n```");
    assert.equal(annotations(html).length, 0);
    assert.match(html, /<code>const s = \$x\$;<\/code>/);
  });

  it("reports a formula KaTeX cannot parse and shows its source instead of failing", () => {
    const errors: string[] = [];
    const html = createMarkdown({ onMathError: (message, tex) => errors.push(`${tex}: ${message}`) }).render("bad $\\frac{1}{$ here");
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^\\frac\{1\}\{: KaTeX parse error/);
    assert.match(html, /<code class="katex-error" title="KaTeX parse error[^"]*">\\frac\{1\}\{<\/code>/);
  });

  it("highlights fenced TypeScript with highlight.js classes", () => {
    const html = createMarkdown().render("```ts\nconst a = 1;\n```");
    assert.match(html, /<pre class="hljs"><code><span class="hljs-keyword">const<\/span> a = <span class="hljs-number">1<\/span>;/);
  });
});
