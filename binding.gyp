{
  "variables": {
    "core_sources": "<!(ls -1 native/util/*.cc native/io/*.cc native/wal/*.cc native/table/*.cc native/db/*.cc native/mvcc/*.cc native/wire/*.cc native/tools/*.cc 2>/dev/null | tr '\\n' ' ')"
  },
  "target_defaults": {
    "cflags!": ["-fno-exceptions", "-O3"],
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=c++17", "-O3"],
    "cflags": ["-O2", "-fPIC", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers"],
    "cflags_cc": ["-std=c++20", "-fexceptions"],
    "include_dirs": ["native/include", "native"],
    "libraries": ["-llz4", "-lzstd", "-luring", "-lpthread"]
  },
  "targets": [
    {
      "target_name": "strata_core",
      "type": "static_library",
      "sources": ["<@(core_sources)"]
    },
    {
      "target_name": "strata_core_checked",
      "type": "static_library",
      "defines": ["STRATA_INVARIANTS=1"],
      "sources": ["<@(core_sources)"]
    },
    {
      "target_name": "strata",
      "dependencies": ["strata_core"],
      "sources": ["<!@(ls -1 native/binding/*.cc native/bench/*.cc)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=9", "NODE_ADDON_API_DISABLE_DEPRECATED", "NAPI_CPP_EXCEPTIONS"]
    },
    {
      "target_name": "strata_native_tests",
      "type": "executable",
      "dependencies": ["strata_core_checked"],
      "defines": ["STRATA_INVARIANTS=1"],
      "sources": ["<!@(ls -1 test/native/*.cc)"]
    }
  ]
}
