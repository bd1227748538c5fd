@title: unshare net by the only task of a net namespace ends the namespace it left, and its veths
# T3.1, T3.3
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
a: unshare net                       => ok
a: links                             => lo
init: links                          => lo
