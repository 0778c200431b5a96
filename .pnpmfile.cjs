// valibot declares TypeScript an optional peer (for its type definitions only), which pnpm then
// resolves from the workspace root, so the server's production artifact (`pnpm deploy`) would
// carry the compiler. Nothing at run time needs it: the peer is dropped here.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === 'valibot') {
        delete pkg.peerDependencies?.typescript;
        delete pkg.peerDependenciesMeta?.typescript;
      }
      return pkg;
    },
  },
};
