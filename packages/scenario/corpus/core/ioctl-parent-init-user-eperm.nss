@title: the initial user namespace has no parent or owner to return
# N4.2 / N4.3: NS_GET_PARENT and NS_GET_USERNS on the initial user ns -> EPERM.
@needs: user
init: open init user fu          => ok
init: ioctl fu NS_GET_PARENT fp  => EPERM
init: ioctl fu NS_GET_USERNS fo  => EPERM
init: fdns fu                    => user:1
