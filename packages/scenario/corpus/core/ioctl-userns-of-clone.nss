@title: NS_GET_USERNS of a uts ns made by clone user,uts names the new user ns
# U4.1 / F1.16: every namespace a clone creates is owned by the user ns the
# same clone creates; N4.2 the caller (root of the parent ns) may see it.
@needs: user,uts
init: clone a user,uts           => 2
init: open a uts fu              => ok
init: ioctl fu NS_GET_USERNS fo  => ok
init: fdns fo                    => user:2
init: nsof a user                => user:2
init: ioctl fo NS_GET_PARENT fp  => ok
init: fdns fp                    => user:1
init: open init uts fi           => ok
init: ioctl fi NS_GET_USERNS fq  => ok
init: fdns fq                    => user:1
