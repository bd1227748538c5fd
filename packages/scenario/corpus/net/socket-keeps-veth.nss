@title: a socket made in a namespace holds it after its last task exits: its veth lives until the socket is closed
@needs: net
# T4.3, T4.1, T3.1, T3.3, T8.4 (docs/net-namespaces.md, a socket holds its namespace)
init: clone b net                    => 2
init: veth w0 w1                     => ok
init: link-netns w1 b                => ok
init: clone c -                      => 3
c: setns b net                       => ok
c: bind tcp 8080 s                   => ok
c: setns init net                    => ok
c: sockns s                          => net:2
c: bind tcp 8080 s2                  => ok     # another namespace, another port space
b: exit                              => ok
init: links                          => lo,w0  # s holds b's namespace
c: close-sock s                      => ok
init: links                          => lo
