@title: killing the last task of a net namespace destroys it: the peer of its veth vanishes
# T3.1, T3.3
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: kill a SIGKILL                 => ok
init: links                          => lo
