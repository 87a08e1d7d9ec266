// Vite 5-7 need one line for faultline's dev server: their dependency pre-bundling moves the
// package's JavaScript into node_modules/.vite/deps/, away from faultline_bg.wasm, so
// `optimizeDeps.exclude` keeps it where it is (Vite 8 and every production build need nothing).
// The consumer test also runs without it (FAULTLINE_VITE_PREBUNDLE=1) to check the error says
// so, and builds faultline/auto (top-level await) with `build.target: "es2022"`, which
// Vite 5/6's default target (es2020) lacks (FAULTLINE_VITE_AUTO=1).
const auto = process.env.FAULTLINE_VITE_AUTO === "1";

export default {
  optimizeDeps: process.env.FAULTLINE_VITE_PREBUNDLE === "1" ? {} : { exclude: ["faultline"] },
  build: auto
    ? { outDir: "dist/auto", target: "es2022", rollupOptions: { input: { auto: "auto.html" } } }
    : { outDir: "dist/main", rollupOptions: { input: { main: "index.html" } } },
};
