@title: a uts namespace created from another copies that one's current names
# Q2.1: clone_uts_ns copies the creator's namespace at the time of the call
@needs: uts
init: clone a uts                => 2
a: sethostname A                 => ok
a: clone b uts                   => 3
b: hostname                      => A
b: sethostname B                 => ok
a: hostname                      => A
a: sethostname A2                => ok
b: hostname                      => B
init: hostname                   => nsproxy
