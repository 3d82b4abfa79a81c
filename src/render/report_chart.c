/* report_chart.c: the report's timeline chart (leaks a week, stool score, weight, pain score,
 * with vet visits and medicine courses marked), drawn once with cairo for every surface: the
 * PDF page, the SVG inside the HTML report, a PNG. */
#include "../core/setup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo-svg.h>

#include "report_int.h"
#include "scoot/alloc.h"
#include "scoot/error.h"

#define DAY 86400.0

typedef struct {
    double r, g, b;
} rgb;

static const rgb INK = {0.13, 0.13, 0.15}, MUTED = {0.42, 0.43, 0.47}, GRID = {0.86, 0.87, 0.89},
                 LEAK = {0.70, 0.33, 0.17}, STOOL = {0.48, 0.36, 0.18}, WEIGHT = {0.17, 0.42, 0.69},
                 PAIN = {0.77, 0.19, 0.19}, VISIT = {0.18, 0.52, 0.35}, MED = {0.50, 0.35, 0.84};

static void color(cairo_t *cr, rgb c, double a)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, a);
}

PangoContext *scoot__report_pango(void)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default(); /* (per thread) */
    PangoContext *ctx = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(ctx, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

/* Text at (x, y) (top), aligned left (0), centred (1) or right (2) on x; returns its width. */
static double text(cairo_t *cr, PangoContext *ctx, double x, double y, double size, int bold,
                   rgb c, int align, const char *s)
{
    PangoLayout *l = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string(SCOOT__REPORT_FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_text(l, s, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double tw = (double)w / PANGO_SCALE;
    cairo_move_to(cr, align == 0 ? x : align == 1 ? x - tw / 2 : x - tw, y);
    color(cr, c, 1);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
    return tw;
}

typedef struct {
    double x0, w; /* the plot area across */
    scoot_time from, to;
} xmap;

static double X(const xmap *m, scoot_time t)
{
    double span = (double)(m->to - m->from);
    if (span <= 0)
        span = 1;
    double f = (double)(t - m->from) / span;
    if (f < 0)
        f = 0;
    if (f > 1)
        f = 1;
    return m->x0 + f * m->w;
}

/* A panel's frame, grid lines at ticks (lo..hi by step, labelled) and title in the gutter. */
static void panel(cairo_t *cr, PangoContext *ctx, const xmap *m, double y, double h, double lo,
                  double hi, double step, int decimals, const char *title, const char *sub, rgb c)
{
    cairo_set_line_width(cr, 0.5);
    color(cr, GRID, 1);
    cairo_rectangle(cr, m->x0, y, m->w, h);
    cairo_stroke(cr);
    for (double v = lo; v <= hi + step / 1000; v += step) {
        double yy = y + h - (v - lo) / (hi - lo) * h;
        color(cr, GRID, 1);
        cairo_move_to(cr, m->x0, yy);
        cairo_line_to(cr, m->x0 + m->w, yy);
        cairo_stroke(cr);
        char b[32];
        snprintf(b, sizeof b, "%.*f", decimals, v);
        text(cr, ctx, m->x0 - 3, yy - 4.2, 6.5, 0, MUTED, 2, b);
    }
    text(cr, ctx, 0, y, 7.5, 1, c, 0, title);
    if (sub)
        text(cr, ctx, 0, y + 9.5, 6.5, 0, MUTED, 0, sub);
}

static void series(cairo_t *cr, const xmap *m, double y, double h, double lo, double hi,
                   const scoot__point *p, int n, rgb c)
{
    if (!n)
        return;
    /* more points than the width holds: the mean of each column of 1.5 points instead */
    int cols = (int)(m->w / 1.5), dense = n > cols;
    double dot = dense ? 0 : n > 120 ? 0.7 : 1.8;
    color(cr, c, 0.9);
    cairo_set_line_width(cr, dense || n > 120 ? 0.6 : 1.0);
    cairo_new_path(cr);
    for (int i = 0; i < n;) {
        double xx = X(m, p[i].t), sum = 0;
        int k = 0;
        if (dense) {
            int col = (int)((xx - m->x0) / 1.5);
            for (; i + k < n && (int)((X(m, p[i + k].t) - m->x0) / 1.5) == col; k++)
                sum += p[i + k].v;
            xx = m->x0 + (col + 0.5) * 1.5;
        } else {
            sum = p[i].v;
            k = 1;
        }
        double v = sum / k;
        v = v < lo ? lo : v > hi ? hi : v;
        cairo_line_to(cr, xx, y + h - (v - lo) / (hi - lo) * h);
        i += k;
    }
    cairo_stroke(cr);
    for (int i = 0; dot > 0 && i < n; i++) {
        double v = p[i].v < lo ? lo : p[i].v > hi ? hi : p[i].v;
        cairo_new_sub_path(cr);
        cairo_arc(cr, X(m, p[i].t), y + h - (v - lo) / (hi - lo) * h, dot, 0, 2 * M_PI);
    }
    cairo_fill(cr);
}

static void none_logged(cairo_t *cr, PangoContext *ctx, const xmap *m, double y, double h,
                        const char *what)
{
    text(cr, ctx, m->x0 + m->w / 2, y + h / 2 - 4.5, 7, 0, MUTED, 1, what);
}

/* A band (lo..hi) shaded across a panel. */
static void band(cairo_t *cr, const xmap *m, double y, double h, double lo, double hi, double a,
                 double b, rgb c, double alpha)
{
    double y1 = y + h - (b - lo) / (hi - lo) * h, y2 = y + h - (a - lo) / (hi - lo) * h;
    color(cr, c, alpha);
    cairo_rectangle(cr, m->x0, y1, m->w, y2 - y1);
    cairo_fill(cr);
}

/* "4 Sep", or "Sep 2026" for a long window (years). */
static void date_label(scoot_time t, int years, char *b, size_t n)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char d[32];
    scoot_time_format_local(t, d, sizeof d);
    int mo = (int)strtol(d + 5, NULL, 10), dd = (int)strtol(d + 8, NULL, 10);
    if (years)
        snprintf(b, n, "%s %.4s", mon[mo >= 1 && mo <= 12 ? mo - 1 : 0], d);
    else
        snprintf(b, n, "%d %s", dd, mon[mo >= 1 && mo <= 12 ? mo - 1 : 0]);
}

void scoot__chart_draw(cairo_t *cr, PangoContext *ctx, double w, double h, const scoot__chart *c)
{
    cairo_save(cr);
    const double gutter = 74, top = 14, bottom = 14, gap = 7;
    xmap m = {gutter, w - gutter - 4, c->from, c->to};
    double ph = (h - top - bottom - 3 * gap) / 4;
    double y0 = top, y1 = y0 + ph + gap, y2 = y1 + ph + gap, y3 = y2 + ph + gap;
    double ybot = y3 + ph;

    /* the legend, above the panels on the right */
    double lx = m.x0 + m.w;
    lx -= text(cr, ctx, lx, 0, 6.5, 0, MUTED, 2, "medicine course");
    color(cr, MED, 0.18);
    cairo_rectangle(cr, lx - 12, 1.5, 9, 7);
    cairo_fill(cr);
    lx -= 22;
    lx -= text(cr, ctx, lx, 0, 6.5, 0, MUTED, 2, "vet visit");
    color(cr, VISIT, 1);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, lx - 7, 0.5);
    cairo_line_to(cr, lx - 7, 9.5);
    cairo_stroke(cr);

    /* medicine courses, shaded behind the panels */
    for (int i = 0; i < c->n_meds; i++) {
        if (c->meds[i].b < c->from || c->meds[i].a > c->to)
            continue;
        double a = X(&m, c->meds[i].a), b = X(&m, c->meds[i].b);
        if (b - a < 1.5)
            b = a + 1.5;
        color(cr, MED, 0.13);
        cairo_rectangle(cr, a, y0, b - a, ybot - y0);
        cairo_fill(cr);
    }

    /* leaks a week: bars */
    int maxl = 2;
    for (int i = 0; i < c->n_weeks; i++)
        if (c->leaks[i] > maxl)
            maxl = c->leaks[i];
    int lstep = maxl <= 4 ? 1 : maxl <= 10 ? 2 : (maxl + 4) / 5;
    int lhi = ((maxl + lstep - 1) / lstep) * lstep;
    panel(cr, ctx, &m, y0, ph, 0, lhi, lstep, 0, "Leaks", "a week", LEAK);
    int any = 0;
    for (int i = 0; i < c->n_weeks; i++) {
        scoot_time a = c->from + (scoot_time)i * 7 * 86400, b = a + 7 * 86400;
        if (b > c->to)
            b = c->to;
        double xa = X(&m, a), xb = X(&m, b), bw = (xb - xa) * 0.7;
        if (!c->leaks[i])
            continue;
        any = 1;
        double bh = (double)c->leaks[i] / lhi * ph;
        color(cr, LEAK, 0.85);
        cairo_rectangle(cr, xa + (xb - xa - bw) / 2, y0 + ph - bh, bw, bh);
        cairo_fill(cr);
    }
    if (!any)
        none_logged(cr, ctx, &m, y0, ph, "no leaks logged");

    /* stool score: the Purina chart, 1 hard .. 7 watery; 2-3 is a good stool */
    panel(cr, ctx, &m, y1, ph, 1, 7, 1, 0, "Stool score", "1 hard, 7 watery", STOOL);
    band(cr, &m, y1, ph, 1, 7, 2, 3, VISIT, 0.10);
    series(cr, &m, y1, ph, 1, 7, c->stool, c->n_stool, STOOL);
    if (!c->n_stool)
        none_logged(cr, ctx, &m, y1, ph, "no stool scores logged");

    /* weight: kg, the range of what was logged */
    double wlo = 1e9, whi = -1e9;
    for (int i = 0; i < c->n_weight; i++) {
        if (c->weight[i].v < wlo)
            wlo = c->weight[i].v;
        if (c->weight[i].v > whi)
            whi = c->weight[i].v;
    }
    if (!c->n_weight)
        wlo = 3, whi = 6;
    double wstep = whi - wlo > 4 ? 1 : whi - wlo > 1.6 ? 0.5 : whi - wlo > 0.6 ? 0.2 : 0.1;
    double lo = floor(wlo / wstep - 0.5) * wstep, hi = ceil(whi / wstep + 0.5) * wstep;
    if (lo < 0)
        lo = 0;
    panel(cr, ctx, &m, y2, ph, lo, hi, (hi - lo) / wstep > 5 ? wstep * 2 : wstep,
          wstep < 0.5 ? 1 : wstep < 1 ? 1 : 0, "Weight", "kg", WEIGHT);
    series(cr, &m, y2, ph, lo, hi, c->weight, c->n_weight, WEIGHT);
    if (!c->n_weight)
        none_logged(cr, ctx, &m, y2, ph, "no weights logged");

    /* pain: Feline Grimace Scale 0..10; 4 or more is likely pain */
    panel(cr, ctx, &m, y3, ph, 0, 10, 2, 0, "Pain score", "grimace 0-10", PAIN);
    band(cr, &m, y3, ph, 0, 10, 4, 10, PAIN, 0.07);
    series(cr, &m, y3, ph, 0, 10, c->pain, c->n_pain, PAIN);
    if (!c->n_pain)
        none_logged(cr, ctx, &m, y3, ph, "no pain scores logged");

    /* vet visits: a line down through every panel */
    for (int i = 0; i < c->n_visits; i++) {
        if (c->visits[i] < c->from || c->visits[i] > c->to)
            continue;
        double xx = X(&m, c->visits[i]);
        color(cr, VISIT, 1);
        cairo_set_line_width(cr, 1.2);
        double dash[] = {3, 2};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, xx, y0 - 2);
        cairo_line_to(cr, xx, ybot);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }

    /* the weeks along the bottom: a label every k weeks, so that they do not touch */
    double wk = m.w / (c->n_weeks > 0 ? c->n_weeks : 1);
    int every = 1;
    int years = c->n_weeks > 60;
    while (wk * every < (years ? 40 : 34))
        every++;
    color(cr, GRID, 1);
    for (int i = 0; i <= c->n_weeks; i += every) {
        scoot_time t = c->from + (scoot_time)i * 7 * 86400;
        if (t > c->to)
            break;
        double xx = X(&m, t);
        char b[16];
        date_label(t, years, b, sizeof b);
        cairo_set_line_width(cr, 0.5);
        color(cr, MUTED, 1);
        cairo_move_to(cr, xx, ybot);
        cairo_line_to(cr, xx, ybot + 2.5);
        cairo_stroke(cr);
        if (xx + 16 <= m.x0 + m.w + 4)
            text(cr, ctx, xx, ybot + 3, 6.5, 0, MUTED, 1, b);
    }
    (void)INK;
    cairo_restore(cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return scoot_buf_add(closure, data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int scoot__chart_svg(PangoContext *ctx, const scoot__chart *c, double w, double h, scoot_buf *out)
{
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buf, out, w, h);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
    cairo_t *cr = cairo_create(s);
    scoot__chart_draw(cr, ctx, w, h, c);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    int rc = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS ? SCOOT_OK : SCOOT_ENOMEM;
    cairo_surface_destroy(s);
    return rc;
}

int scoot__chart_png(PangoContext *ctx, const scoot__chart *c, double w, double h, double scale,
                     scoot_buf *out)
{
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w * scale), (int)ceil(h * scale));
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    scoot__chart_draw(cr, ctx, w, h, c);
    cairo_destroy(cr);
    int rc = cairo_surface_write_to_png_stream(s, to_buf, out) == CAIRO_STATUS_SUCCESS
                 ? SCOOT_OK
                 : SCOOT_ENOMEM;
    cairo_surface_destroy(s);
    return rc;
}
