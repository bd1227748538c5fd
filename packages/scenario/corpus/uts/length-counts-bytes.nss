@title: the 64-byte limit counts UTF-8 bytes, not characters
# Q2.6: the length is the byte count passed to sethostname
@needs: uts
init: sethostname éééééééééééééééééééééééééééééééé => ok
init: hostname                   => éééééééééééééééééééééééééééééééé
init: sethostname ééééééééééééééééééééééééééééééééé => EINVAL
init: hostname                   => éééééééééééééééééééééééééééééééé
