import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import bash from "highlight.js/lib/languages/bash";
import python from "highlight.js/lib/languages/python";

for (const [name, language] of Object.entries({ typescript, javascript, json, bash, python })) hljs.registerLanguage(name, language);
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });

/**
 * Source code as highlight.js HTML (spans with `hljs-*` classes), escaped; an unknown language is escaped only.
 *
 * @example
 * highlightCode("const a = tf.tensor([1, 2]);") // '<span class="hljs-keyword">const</span> a = …'
 */
export function highlightCode(code: string, language = "typescript"): string {
  if (hljs.getLanguage(language)) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return code.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
