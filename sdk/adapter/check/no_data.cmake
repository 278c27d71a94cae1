# Fails when an adapter core module could write into the main module's memory on its
# own: it shares that memory, so it must define no memory and carry no data (no data
# or data-count section), and its state must come from memory.grow at run time.
# usage: cmake -DWASM=adapter.wasm -P no_data.cmake
cmake_minimum_required(VERSION 3.25)
file(READ "${WASM}" hex HEX)
string(LENGTH "${hex}" digits)
math(EXPR size "${digits} / 2")
if(size LESS 8 OR NOT hex MATCHES "^0061736d01000000")
  message(FATAL_ERROR "${WASM}: not a core wasm module")
endif()

# Reads one byte at `pos` into `out`.
macro(read_byte out)
  math(EXPR at_ "${pos} * 2")
  string(SUBSTRING "${hex}" ${at_} 2 byte_)
  math(EXPR ${out} "0x${byte_}")
  math(EXPR pos "${pos} + 1")
endmacro()

set(pos 8)
while(pos LESS size)
  read_byte(id)
  set(len 0)
  set(shift 0)
  while(TRUE)
    read_byte(b)
    math(EXPR len "${len} | ((${b} & 127) << ${shift})")
    math(EXPR shift "${shift} + 7")
    if(b LESS 128)
      break()
    endif()
  endwhile()
  if(id EQUAL 5)
    message(FATAL_ERROR "${WASM}: defines a memory; the adapter must import the main module's")
  elseif(id EQUAL 11 OR id EQUAL 12)
    message(FATAL_ERROR "${WASM}: has a data section (static data or string literals in the adapter's C?);"
                        " it would overwrite the main module's memory")
  endif()
  math(EXPR pos "${pos} + ${len}")
endwhile()
