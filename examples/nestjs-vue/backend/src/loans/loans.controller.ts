import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { LoansService } from './loans.service';

@Controller('loans')
export class LoansController {
  constructor(private readonly loans: LoansService) {}

  @Get()
  list() {
    return this.loans.list();
  }

  @Post()
  borrow(@Body('bookId', ParseIntPipe) bookId: number) {
    return this.loans.borrow(bookId);
  }

  @Post(':id/return')
  giveBack(@Param('id', ParseIntPipe) id: number) {
    return this.loans.giveBack(id);
  }
}
