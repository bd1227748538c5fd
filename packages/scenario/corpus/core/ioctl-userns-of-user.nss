@title: NS_GET_USERNS of a user ns file is its parent, like NS_GET_PARENT
# U4.4 / C1.8: the owner of a user namespace is its parent; C1.9 get_parent
# of user is the same function.
@needs: user
init: clone a user               => 2
init: open a user fa             => ok
init: fdns fa                    => user:2
init: ioctl fa NS_GET_USERNS fo  => ok
init: fdns fo                    => user:1
init: ioctl fa NS_GET_PARENT fp  => ok
init: fdns fp                    => user:1
