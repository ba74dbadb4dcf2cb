// Bundles the parts of Apache Annotator the student notes use into ONE file:
//   extension/src/sphinx_annotated_edition/static/vendor/apache-annotator.js
// Run it through ./tools/vendor-annotator.sh, which installs the packages of
// tools/package-lock.json in a temporary folder and runs this there:
//   node vendor-annotator.mjs OUTFILE
//
// Apache Annotator 0.2.0 is compiled by Babel against @babel/runtime-corejs3,
// whose core-js-pure polyfills (for Internet Explorer) are 120 KB of the 130 KB
// bundle. Every browser the edition supports has these built-ins, so the build
// maps the library's imports onto them:
//   @babel/runtime-corejs3/helpers/*, /regenerator  ->  @babel/runtime (the same
//     helpers, written against the built-ins)
//   @babel/runtime-corejs3/core-js/<name>           ->  the built-in, from the
//     table below; a name not in it stops the build, so a new version of the
//     library cannot silently lose a polyfill it needs.
//   optimal-select, used only by describeCss: left out (see below).
// Nothing else of the library is changed.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = process.argv[2];
if (!OUT) throw new Error("usage: node vendor-annotator.mjs OUTFILE (see tools/vendor-annotator.sh)");
const version = (name) =>
  JSON.parse(readFileSync(join(HERE, "node_modules", name, "package.json"), "utf8")).version;

// core-js entry points the library imports, as the built-ins they polyfill
const BUILT_INS = {
  "array/from": "export default Array.from;",
  "object/keys": "export default Object.keys;",
  "promise": "export default Promise;",
  "reflect/construct": "export default Reflect.construct;",
  "symbol": "export default Symbol;",
  "get-iterator": "export default (it) => it[Symbol.iterator]();",
  "get-iterator-method": "export default (it) => (it == null ? undefined : it[Symbol.iterator]);",
  // babel's instance helpers: _mapInstanceProperty(x).call(x, ...)
  "instance/concat": "export default (it) => it.concat;",
  "instance/filter": "export default (it) => it.filter;",
  "instance/flat-map": "export default (it) => it.flatMap;",
  "instance/map": "export default (it) => it.map;",
  "instance/reduce": "export default (it) => it.reduce;",
  "instance/slice": "export default (it) => it.slice;",
  "instance/starts-with": "export default (it) => it.startsWith;",
};

const builtIns = {
  name: "built-ins-for-core-js",
  setup(b) {
    b.onResolve({ filter: /^@babel\/runtime-corejs3\/core-js\// }, (args) => {
      const name = args.path.replace(/^@babel\/runtime-corejs3\/core-js\//, "").replace(/\.js$/, "");
      if (!(name in BUILT_INS)) {
        return { errors: [{ text: `no built-in listed for core-js "${name}" (imported by ${args.importer})` }] };
      }
      return { path: name, namespace: "built-in" };
    });
    b.onLoad({ filter: /.*/, namespace: "built-in" }, (args) => ({
      contents: BUILT_INS[args.path], loader: "js",
    }));
    b.onResolve({ filter: /^@babel\/runtime-corejs3\/(helpers|regenerator)/ }, (args) =>
      b.resolve(args.path.replace("@babel/runtime-corejs3", "@babel/runtime"),
        { kind: args.kind, resolveDir: args.resolveDir }));
  },
};

// optimal-select (MIT) serves only describeCss, which the edition does not
// use; its package does not say it is free of side effects, so esbuild would
// keep it: say so, and it is left out of the bundle.
const unusedCss = {
  name: "optimal-select-unused",
  setup(b) {
    b.onResolve({ filter: /^optimal-select$/ }, async (args) => {
      if (args.pluginData === "inner") return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir,
        importer: args.importer, pluginData: "inner" });
      return { ...found, sideEffects: false };
    });
  },
};

const entry = `export {
  createTextQuoteSelectorMatcher, describeTextQuote, highlightText,
} from "@apache-annotator/dom";`;

await build({
  stdin: { contents: entry, resolveDir: HERE, sourcefile: "entry.js" },
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "EditionAnnotator",
  target: ["es2020"],
  legalComments: "none",
  charset: "utf8",
  plugins: [builtIns, unusedCss],
  banner: {
    js: `/*! Apache Annotator ${version("@apache-annotator/dom")} (@apache-annotator/dom and ` +
      `@apache-annotator/selector), Apache-2.0: see LICENSE and NOTICE beside this file. ` +
      `With helpers of @babel/runtime ${version("@babel/runtime")}, MIT. ` +
      `Built with esbuild ${version("esbuild")} by tools/vendor-annotator.sh; do not edit. */`,
  },
  outfile: OUT,
  logLevel: "info",
});
