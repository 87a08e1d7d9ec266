// Nothing faultline-specific: Vite 8 ships the .wasm that the package references with
// `new URL("./faultline_bg.wasm", import.meta.url)`, in the dev server and in the build.
// The second page only exercises faultline/auto.
export default {
  build: { outDir: "dist", rolldownOptions: { input: { main: "index.html", auto: "auto.html" } } },
  test: { include: ["src/**/*.spec.js"] },
};
