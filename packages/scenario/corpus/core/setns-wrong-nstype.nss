@title: setns on a uts file with another nstype is EINVAL; with any it is ok
# C8.2: an nsfs fd with nstype != 0 and != the file's type -> EINVAL; 0 accepts it.
@needs: uts,ipc
init: clone a uts                => 2
a: sethostname alpha             => ok
init: clone b -                  => 3
b: open a uts fa                 => ok
b: setns-fd fa ipc               => EINVAL
b: ns uts                        => uts:1
b: setns-fd fa any               => ok
b: ns uts                        => uts:2
b: hostname                      => alpha
