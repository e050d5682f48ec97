# QGBM_SANITIZE="address;undefined" instruments every target (and the tests) at once.
if(QGBM_SANITIZE)
  list(JOIN QGBM_SANITIZE "," _qgbm_san)
  add_compile_options(-fsanitize=${_qgbm_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_qgbm_san})
endif()
