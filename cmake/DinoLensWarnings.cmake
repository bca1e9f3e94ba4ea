# Warnings for the project's own targets. Third-party headers are included as SYSTEM so their warnings stay out.
function(dinolens_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion
                                           -Wno-sign-conversion)
endfunction()
