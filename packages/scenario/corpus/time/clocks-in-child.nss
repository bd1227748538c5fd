@title: a task in a time namespace reads MONOTONIC (RAW, COARSE) and BOOTTIME shifted by its offsets, REALTIME and TAI unshifted
# X1.1, X1.3; LTP clock_gettime03.c; selftests timens/timens.c
@needs: time
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-write a "monotonic 36000 0;boottime 864000 0" => ok
a: clock monotonic                     => 0   # the caller itself stays in its namespace
a: clone b -                           => 3
b: clock monotonic                     => 36000
b: clock monotonic_raw                 => 36000
b: clock monotonic_coarse              => 36000
b: clock boottime                      => 864000
b: clock realtime                      => 0
b: clock realtime_coarse               => 0
b: clock tai                           => 0
init: clock boottime                   => 0
