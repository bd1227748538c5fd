@title: a step by a task that has exited or never existed yields ENOTASK
# scenario-format.md: runner-level result, the same on both backends.
@needs: uts
init: clone a -                  => 2
a: exit                          => ok
a: ns uts                        => ENOTASK
a: clone b -                     => ENOTASK
nobody: ns uts                   => ENOTASK
init: ns uts                     => uts:1
