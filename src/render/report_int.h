/* report_int.h: inside the report module: the series of the timeline chart and the one
 * drawing code that puts it on a PDF page, into an SVG (the HTML report) or a PNG. */
#ifndef SCOOT_REPORT_INT_H
#define SCOOT_REPORT_INT_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "scoot/buf.h"
#include "scoot/time.h"

typedef struct {
    scoot_time t;
    double v;
} scoot__point;

typedef struct {
    scoot_time a, b; /* a course's first and last day */
} scoot__span;

/* What the chart shows, between from and to (to is the report's now). Arrays are owned by
 * the report that fills them. */
typedef struct {
    scoot_time from, to;
    int n_weeks;
    int *leaks;              /* leaks per week, week 0 starting at from */
    scoot__point *stool;     /* stool scores on the Purina chart (1 hard .. 7 watery) */
    scoot__point *weight;    /* kg */
    scoot__point *pain;      /* Feline Grimace Scale 0..10 */
    scoot_time *visits;      /* vet visits */
    scoot__span *meds;       /* medicine courses */
    int n_stool, n_weight, n_pain, n_visits, n_meds;
} scoot__chart;

/* Draws the chart into the w x h points at the current origin of cr; text with ctx (a Pango
 * context at 72 dpi, borrowed). */
void scoot__chart_draw(cairo_t *cr, PangoContext *ctx, double w, double h, const scoot__chart *c);

/* The chart alone as an SVG document (appended to out) or a PNG image at scale x (1 = 72 dpi). */
int scoot__chart_svg(PangoContext *ctx, const scoot__chart *c, double w, double h, scoot_buf *out);
int scoot__chart_png(PangoContext *ctx, const scoot__chart *c, double w, double h, double scale,
                     scoot_buf *out);

/* A Pango context for documents: 72 dpi (a point is a unit), no hinting of metrics, so that
 * text measures the same on every surface. Caller frees with g_object_unref. */
PangoContext *scoot__report_pango(void);

/* The family every report uses (fonts-dejavu-core). */
#define SCOOT__REPORT_FONT "DejaVu Sans"

#endif
