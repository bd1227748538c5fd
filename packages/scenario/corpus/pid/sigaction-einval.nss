@title: the action of SIGKILL and SIGSTOP, or of a number outside 1..64, cannot be changed
# C10.5: do_sigaction -> EINVAL for an invalid number, 0, and (with a new
# action) SIGKILL and SIGSTOP, whatever the action. The real-time signals up
# to 64 can be handled or ignored (32 and 33 too: the C library keeps them,
# the kernel does not).
@needs: pid
init: clone a -                  => 2
a: sigaction SIGKILL handle      => EINVAL
a: sigaction SIGKILL ignore      => EINVAL
a: sigaction SIGKILL default     => EINVAL
a: sigaction SIGSTOP ignore      => EINVAL
a: sigaction 0 default           => EINVAL
a: sigaction 65 handle           => EINVAL
a: sigaction -1 ignore           => EINVAL
a: sigaction 64 handle           => ok
a: sigaction 32 ignore           => ok
a: sigaction SIGTERM ignore      => ok
init: kill a SIGTERM             => ok
init: kill a 32                  => ok
init: alive a                    => yes       # both ignored
init: kill a 64                  => ok
a: caught                        => 64
a: caught                        => -
init: kill a SIGKILL             => ok        # still fatal
init: alive a                    => no
