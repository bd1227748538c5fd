@title: a socket keeps the net namespace it was made in alive, held by a task elsewhere, until its last holder closes it
# T4.3, T3.1: a socket holds its namespace; a child gets a copy of the fd
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
a: bind udp 5000 s                   => ok
a: clone b -                         => 3
a: clone c -                         => 4
b: setns init net                    => ok
c: setns init net                    => ok
a: exit                              => ok
init: links                          => lo,v0
b: sockns s                          => net:2
b: close-sock s                      => ok
init: links                          => lo,v0   # c still holds a copy
c: close-sock s                      => ok
init: links                          => lo
