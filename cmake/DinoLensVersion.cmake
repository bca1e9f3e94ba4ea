# The version every program prints with --version: project(VERSION), plus the git commit when the source tree is a
# git checkout (read at configure time; a commit or checkout re-runs the configuration through the watched files).
# Target dinolens::version gives the generated header dinolens/version.h.
find_package(Git QUIET)
set(DINOLENS_GIT_COMMIT "")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE DINOLENS_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE git_result ERROR_QUIET)
  if(NOT git_result EQUAL 0)
    set(DINOLENS_GIT_COMMIT "")
  else()
    # Re-configure when HEAD moves: HEAD itself and the branch it points to.
    foreach(ref HEAD)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${ref}
        WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(EXISTS "${ref_file}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ref_file}")
      endif()
    endforeach()
    execute_process(COMMAND ${GIT_EXECUTABLE} symbolic-ref -q HEAD
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE branch_ref OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(branch_ref)
      execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path ${branch_ref}
        WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE ref_file OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
      if(EXISTS "${ref_file}")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${ref_file}")
      endif()
    endif()
  endif()
endif()

if(DINOLENS_GIT_COMMIT)
  set(DINOLENS_VERSION_STRING "${PROJECT_VERSION} (git ${DINOLENS_GIT_COMMIT})")
else()
  set(DINOLENS_VERSION_STRING "${PROJECT_VERSION}")
endif()
message(STATUS "DinoLens version: ${DINOLENS_VERSION_STRING}")

configure_file(${CMAKE_CURRENT_LIST_DIR}/version.h.in ${CMAKE_BINARY_DIR}/generated/dinolens/version.h @ONLY)
add_library(dinolens_version INTERFACE)
add_library(dinolens::version ALIAS dinolens_version)
target_include_directories(dinolens_version INTERFACE ${CMAKE_BINARY_DIR}/generated)
