<?cs # The grid part of the calendar page: the same for every member of an organisation and role, so app workers cache it rendered (calendar.c). ?>
<section class="calendar">
  <form class="cal-pick" method="get" action="<?cs var:Base.calendar ?>">
    <label for="area"><?cs var:Lang.cal.area ?></label>
    <select id="area" name="area" data-autosubmit="1">
      <?cs each:a = Areas ?><option value="<?cs var:a.id ?>"<?cs if:a.id == Cal.area ?> selected<?cs /if ?>><?cs var:a.name ?></option><?cs /each ?>
    </select>
    <input type="hidden" name="date" value="<?cs var:Cal.date ?>">
    <input type="hidden" name="view" value="<?cs var:Cal.view ?>">
    <button type="submit"><?cs var:Lang.cal.show ?></button>
  </form>
  <?cs if:Cal.noareas ?>
  <p class="notice"><?cs var:Lang.cal.noareas ?></p>
  <?cs else ?>
  <?cs set:q = Base.calendar + "?area=" + Cal.area ?>
  <nav class="cal-nav" aria-label="<?cs var:Lang.cal.nav ?>">
    <a class="btn" href="<?cs var:q ?>&amp;view=<?cs var:Cal.view ?>&amp;date=<?cs var:Cal.prev ?>" rel="prev">‹ <?cs var:Lang.cal.prev ?></a>
    <a class="btn" href="<?cs var:q ?>&amp;view=<?cs var:Cal.view ?>&amp;date=<?cs var:Cal.today ?>"><?cs var:Lang.cal.today ?></a>
    <a class="btn" href="<?cs var:q ?>&amp;view=<?cs var:Cal.view ?>&amp;date=<?cs var:Cal.next ?>" rel="next"><?cs var:Lang.cal.next ?> ›</a>
    <span class="span"><?cs var:Cal.span ?></span>
    <a class="btn<?cs if:Cal.view == "week" ?> on<?cs /if ?>" href="<?cs var:q ?>&amp;view=week&amp;date=<?cs var:Cal.date ?>"><?cs var:Lang.cal.week ?></a>
    <a class="btn<?cs if:Cal.view == "day" ?> on<?cs /if ?>" href="<?cs var:q ?>&amp;view=day&amp;date=<?cs var:Cal.date ?>"><?cs var:Lang.cal.day ?></a>
  </nav>
  <h1 class="cal-title"><?cs var:Cal.areaname ?><?cs if:Cal.hidden == 1 ?> <small>(<?cs var:Lang.cal.hidden ?>)</small><?cs /if ?></h1>
  <div class="grid-scroll">
  <div class="grid <?cs if:Cal.view == "week" ?>wk<?cs else ?>dy<?cs /if ?>" role="grid" aria-label="<?cs var:Cal.areaname ?> <?cs var:Cal.span ?>">
    <div class="grow ghead" role="row">
      <div class="vn" role="columnheader"><?cs var:Lang.cal.vehicle ?></div>
      <div class="track" role="presentation"><?cs each:c = Cal.cols ?><span class="col <?cs if:Cal.view == "week" ?>s<?cs var:c.s ?> w96<?cs else ?>s<?cs var:c.s ?> w4<?cs /if ?>" role="columnheader"><?cs var:c.label ?></span><?cs /each ?></div>
    </div>
    <?cs each:v = Cal.rows ?>
    <div class="grow" role="row" data-vehicle="<?cs var:v.id ?>">
      <div class="vn" role="rowheader" title="<?cs var:v.descr ?>"><?cs var:v.name ?><?cs if:v.descr ?><span class="vd"><?cs var:v.descr ?></span><?cs /if ?><?cs if:v.link ?><span class="vd"><?cs var:Lang.shr.link_mode ?></span><?cs /if ?></div>
      <div class="track"><?cs each:c = Cal.cols ?><?cs if:c.past ?><span class="past s<?cs var:c.s ?> <?cs if:Cal.view == "week" ?>w96<?cs else ?>w4<?cs /if ?>"></span><?cs elif:v.link ?><?cs if:v.url ?><a class="free ext s<?cs var:c.s ?> <?cs if:Cal.view == "week" ?>w96<?cs else ?>w4<?cs /if ?>" href="<?cs var:v.url ?>" rel="external noopener noreferrer" aria-label="<?cs var:Lang.shr.book_ext ?> <?cs var:v.name ?> <?cs var:c.label ?>">↗</a><?cs else ?><span class="past s<?cs var:c.s ?> <?cs if:Cal.view == "week" ?>w96<?cs else ?>w4<?cs /if ?>"></span><?cs /if ?><?cs else ?><a class="free s<?cs var:c.s ?> <?cs if:Cal.view == "week" ?>w96<?cs else ?>w4<?cs /if ?>" href="<?cs var:Base.calendar ?>/booking/new?vehicle=<?cs var:v.id ?>&amp;start=<?cs var:c.start ?>" aria-label="<?cs var:Lang.cal.book ?> <?cs var:v.name ?> <?cs var:c.label ?>">+</a><?cs /if ?><?cs /each ?><?cs each:b = v.b ?><?cs if:b.id ?><a class="bk s<?cs var:b.s ?> w<?cs var:b.w ?>" data-m="<?cs var:b.m ?>" href="<?cs var:Base.calendar ?>/booking/<?cs var:b.id ?>" title="<?cs var:b.t ?>" data-booking="<?cs var:b.id ?>"><?cs var:b.l ?></a><?cs else ?><span class="bk other s<?cs var:b.s ?> w<?cs var:b.w ?>" title="<?cs var:b.t ?>"><?cs var:b.l ?></span><?cs /if ?><?cs /each ?></div>
    </div>
    <?cs /each ?>
  </div>
  </div>
  <?cs if:subcount(Cal.rows) == 0 ?><p class="notice"><?cs var:Lang.cal.novehicles ?></p><?cs /if ?>
  <?cs /if ?>
</section>
