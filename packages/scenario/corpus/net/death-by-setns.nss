@title: a task that setns'es out of a net namespace it was alone in ends that namespace and its veths
# T3.1, T3.3: leaving drops the namespace's last reference
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
a: setns init net                    => ok
init: links                          => lo
a: links                             => lo
