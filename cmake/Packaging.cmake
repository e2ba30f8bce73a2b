# cmake --install and the Debian package (cpack -G DEB in the build directory, docs/install.md).
#
# Installed: the binary, the README and docs/ (the pages every diagnostic links to when
# IAMC_DOCS_BASE_URL is the installed copy), the examples, and, when the build generated them,
# the man page and the bash and zsh completions (iamc.1, iamc.bash and _iamc in the build
# directory: OPTIONAL, so an install without them still works).
include(GNUInstallDirs)
install(TARGETS iamc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${CMAKE_BINARY_DIR}/iamc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 OPTIONAL)
install(FILES ${CMAKE_BINARY_DIR}/iamc.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME iamc OPTIONAL)
install(FILES ${CMAKE_BINARY_DIR}/_iamc DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions OPTIONAL)

# iamc_<version>_amd64.deb. The package installs under the same prefix the binary was configured
# for (CMAKE_INSTALL_PREFIX), so the installed docs are where a file:// IAMC_DOCS_BASE_URL points:
# configure with -DCMAKE_INSTALL_PREFIX=/usr for a package that installs into /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME iamc)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "policy-as-code compiler and linter for IAM role bindings")
set(CPACK_PACKAGE_DESCRIPTION
    "iamc checks, lints and compiles IAM grants written in a small DSL or YAML into the API requests of k0rdent, Connhex, Redpanda, Astra and Frontier, with a language server, access review and plan/apply.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES TRUE)  # no debug info in the package: a tenth of the size, packed in seconds
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # iamc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(IAMC_PACKAGE_MAINTAINER "iamc developers <iamc@localhost>" CACHE STRING "The Debian package's Maintainer field")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${IAMC_PACKAGE_MAINTAINER}")
# Depends: from the shared libraries the binary needs (dpkg-shlibdeps, in dpkg-dev), else the
# Debian 12 packages that hold them (objdump -p: libyaml-0.so.2, libfmt.so.9; yaml-cpp
# is used only at build time).
# libcurl is loaded with dlopen when pull or apply first sends a request (compiler/net/http.cpp),
# so no tool sees it among the binary's needs: libcurl4 is named here, in either case.
find_program(IAMC_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(IAMC_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 (>= 7.85)")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libstdc++6, libgcc-s1, libyaml-0-2, libfmt9, libcurl4 (>= 7.85)")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "git, pre-commit")  # iamc diff reads git revisions; the hooks
include(CPack)
