# IAMC_DOCS_BASE_URL: where the links iamc prints (SARIF helpUri, JSON "url", the LSP's
# codeDescription, --help) point: the docs/ folder of the repository iamc was built from, with
# every page's path appended (docs/diagnostics/N002.md, docs/rules/duplicate-grant.md, ...).
#
# Default: the clone's `origin` remote as an https URL, `<origin>/blob/<default branch>/docs/` (GitHub, Gitea and
# GitLab all serve files there), e.g. git@github.com:acme/iamc.git -> https://github.com/acme/iamc/blob/main/docs/.
# Without such a remote (a tarball, a local clone), the installed documentation:
# file://<prefix>/share/doc/iamc/, which `cmake --install` and the .deb put there.
# Override: cmake -DIAMC_DOCS_BASE_URL=https://git.example.com/you/iamc/blob/v0.1.0/docs/
set(_iamc_docs_default "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C ${CMAKE_SOURCE_DIR} remote get-url origin
                  OUTPUT_VARIABLE _iamc_origin OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _iamc_rc)
  if(_iamc_rc EQUAL 0)
    # scp-like ssh (git@host:owner/repo.git) and ssh:// URLs become https; credentials are dropped.
    string(REGEX REPLACE "^[A-Za-z0-9._-]+@([^:/]+):(.*)$" "https://\\1/\\2" _iamc_origin "${_iamc_origin}")
    string(REGEX REPLACE "^ssh://([^@/]+@)?([^:/]+)(:[0-9]+)?/(.*)$" "https://\\2/\\4" _iamc_origin "${_iamc_origin}")
    string(REGEX REPLACE "^https://[^@/]+@" "https://" _iamc_origin "${_iamc_origin}")
    string(REGEX REPLACE "/+$" "/" _iamc_origin "${_iamc_origin}/")
    string(REGEX REPLACE "(\\.git)?/$" "" _iamc_origin "${_iamc_origin}")
    if(_iamc_origin MATCHES "^https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9._~/-]+$")
      # The remote's default branch when the clone knows it (origin/HEAD), else main.
      execute_process(COMMAND ${GIT_EXECUTABLE} -C ${CMAKE_SOURCE_DIR} symbolic-ref --short refs/remotes/origin/HEAD
                      OUTPUT_VARIABLE _iamc_head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _iamc_rc)
      string(REGEX REPLACE "^origin/" "" _iamc_head "${_iamc_head}")
      if(NOT _iamc_rc EQUAL 0 OR NOT _iamc_head MATCHES "^[A-Za-z0-9._/-]+$")
        set(_iamc_head main)
      endif()
      set(_iamc_docs_default "${_iamc_origin}/blob/${_iamc_head}/docs/")
    endif()
  endif()
endif()
if(NOT _iamc_docs_default)
  include(GNUInstallDirs)
  set(_iamc_docs_default "file://${CMAKE_INSTALL_FULL_DOCDIR}/")
endif()
set(IAMC_DOCS_BASE_URL "${_iamc_docs_default}" CACHE STRING
    "Base URL of iamc's docs/ folder for the links iamc prints (ends in '/')")
if(NOT IAMC_DOCS_BASE_URL MATCHES "/$")
  set(IAMC_DOCS_BASE_URL "${IAMC_DOCS_BASE_URL}/")
endif()
# It is compiled into a C++ string literal and printed in terminals: no quotes, backslashes,
# spaces or control characters.
if(NOT IAMC_DOCS_BASE_URL MATCHES "^(https?|file)://[^\" \t\r\n\\\\]+$")
  message(FATAL_ERROR "IAMC_DOCS_BASE_URL must be an https://, http:// or file:// URL without spaces, quotes or backslashes: '${IAMC_DOCS_BASE_URL}'")
endif()
message(STATUS "iamc documentation links: ${IAMC_DOCS_BASE_URL}")
