<?cs # The grid part of the calendar page up to the vehicle rows, which lib/calgrid.c writes; calendar_grid_end.cs closes it. The same for every member of an organisation and role, so workers cache it rendered (calendar.c). ?>
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
  <p class="cal-book"><a class="btn primary" href="<?cs var:Base.calendar ?>/booking/new">+ <?cs var:Lang.cal.new ?></a> <span class="hint"><?cs var:Lang.cal.new_hint ?></span></p>
  <h1 class="cal-title"><?cs var:Cal.areaname ?><?cs if:Cal.hidden == 1 ?> <small>(<?cs var:Lang.cal.hidden ?>)</small><?cs /if ?></h1>
  <div class="grid-scroll">
  <div class="grid <?cs if:Cal.view == "week" ?>wk<?cs else ?>dy<?cs /if ?>" role="table" aria-label="<?cs var:Cal.areaname ?> <?cs var:Cal.span ?>">
  <?cs /if ?>
