#ifndef HELPLINESTATS_CLIBPQ_SHIM_H
#define HELPLINESTATS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
