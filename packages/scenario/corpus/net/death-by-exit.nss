@title: when the last task of a net namespace exits, its veths die, and their peers vanish from the other namespace
# T3.1, T3.3: cleanup_net deletes every device with a dellink, and a veth takes its peer along
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: links                          => lo,v0
a: exit                              => ok
init: links                          => lo
