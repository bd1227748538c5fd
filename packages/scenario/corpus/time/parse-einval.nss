@title: timens_offsets takes "<clock> <secs> <nsecs>" lines: a bad clock or a malformed line is EINVAL
# X1.5; LTP containers/timens/timens01.c; fs/proc/base.c timens_offsets_write (sscanf "%9s %lld %lu")
@needs: time
init: clone a -                            => 2
a: unshare time                            => ok
a: timens-write a "not an offset"          => EINVAL
a: timens-write a "1 10"                   => EINVAL
a: timens-write a "1 10 -10"               => EINVAL   # %lu takes no sign
a: timens-write a "1 10 1000000001"        => EINVAL
a: timens-write a "0 10 0"                 => EINVAL   # CLOCK_REALTIME
a: timens-write a "1 10 0;a"               => EINVAL   # one bad line fails the whole write
a: timens-offset a realtime 10 0           => EINVAL
a: timens-offset a tai 10 0                => EINVAL
a: timens-offset a monotonic 10 1000000000 => EINVAL
a: timens-write a ""                       => EINVAL
a: timens-write a "7 +5 0"                 => EINVAL
a: timens-write a "monotonicX 1 0"         => EINVAL   # %9s stops after nine bytes
a: timens-offsets a                        => monotonic 0 0;boottime 0 0
a: timens-offset a 1 10 0                  => ok   # the clock ids 1 and 7 stand for monotonic and boottime
a: timens-offset a 7 20 999999999          => ok
a: timens-offsets a                        => monotonic 10 0;boottime 20 999999999
